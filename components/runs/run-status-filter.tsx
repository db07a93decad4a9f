import Link from "next/link";
import { humanize } from "../ui/format";

/** Status filter as links, so it works without JavaScript and each filter has its own URL. */
export function RunStatusFilter({ statuses, current }: { statuses: readonly string[]; current: string | null }) {
  const options: { value: string | null; label: string }[] = [{ value: null, label: "All" }, ...statuses.map((s) => ({ value: s, label: humanize(s) }))];
  return (
    <nav aria-label="Filter runs by status" className="-mx-1 overflow-x-auto">
      <ul className="flex gap-1 px-1">
        {options.map((option) => {
          const active = option.value === current;
          return (
            <li key={option.label}>
              <Link
                href={option.value ? `/runs?status=${option.value}` : "/runs"}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap rounded-md border px-2.5 py-1 text-[13px] ${
                  active ? "border-zinc-900 bg-zinc-900 text-white" : "border-zinc-200 bg-white text-zinc-700 hover:border-zinc-300 hover:bg-zinc-50"
                }`}
              >
                {option.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
