import { NotFoundCard } from "@/components/ui/not-found-card";

/** A console page's notFound() (an unknown gateway, domain or message id): the 404 inside the console's frame. */
export default function ConsoleNotFound() {
  return <NotFoundCard />;
}
