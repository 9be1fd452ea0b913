/** Outgate's mark: a gate and an arrow leaving it. app/icon.svg (the favicon) draws the same shape. */
export function BrandMark({ size = 22 }: { size?: number }) {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" width={size} height={size} aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#1f6feb" />
      <path d="M9 8v16M14 16h10M19 11l5 5-5 5" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
