/** One limit and its use in the current window, as the grid and the overview show it ("412 / 500 this hour"). */
export type LimitUse = { per: "minute" | "hour" | "day"; used: number; limit: number };

/** "412 / 500 this hour". */
export function describeLimitUse({ per, used, limit }: LimitUse): string {
  return `${used.toLocaleString("en")} / ${limit.toLocaleString("en")} this ${per}`;
}
