"use client";

import { Toaster as SonnerToaster } from "sonner";

/**
 * The console's toast outlet (sonner), rendered once by the console layout; it survives client navigation, so a
 * toast raised just before router.push still shows on the next page. Toasts are announced politely (sonner
 * renders an aria-live region). Bottom right: at the top they covered the page's own buttons (New, Save) for seconds.
 */
export function Toaster() {
  return <SonnerToaster position="bottom-right" richColors closeButton duration={5000} toastOptions={{ className: "toast" }} />;
}
