import Link from "next/link";

/**
 * Window and workflow as links: each view has its own URL (shareable, survives the refresh that
 * keeps the dashboard live), and it works without JavaScript.
 */
export function DashboardFilters({
  windows,
  current,
  workflows,
  workflow,
}: {
  windows: { key: string; label: string }[];
  current: string;
  workflows: string[];
  workflow: string | null;
}) {
  const href = (w: string, wf: string | null) => `/dashboard?window=${w}${wf ? `&workflow=${encodeURIComponent(wf)}` : ""}`;
  const pill = (active: boolean) =>
    `block whitespace-nowrap rounded-md border px-2.5 py-1 text-[13px] ${
      active ? "border-zinc-900 bg-zinc-900 text-white" : "border-zinc-200 bg-white text-zinc-700 hover:border-zinc-300 hover:bg-zinc-50"
    }`;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <nav aria-label="Time window">
        <ul className="flex gap-1">
          {windows.map((w) => (
            <li key={w.key}>
              <Link href={href(w.key, workflow)} aria-current={w.key === current ? "page" : undefined} className={pill(w.key === current)} title={w.label}>
                {w.key}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {workflows.length > 0 ? (
        <nav aria-label="Workflow">
          <ul className="flex gap-1">
            <li>
              <Link href={href(current, null)} aria-current={workflow === null ? "page" : undefined} className={pill(workflow === null)}>
                All workflows
              </Link>
            </li>
            {workflows.map((name) => (
              <li key={name}>
                <Link href={href(current, name)} aria-current={workflow === name ? "page" : undefined} className={pill(workflow === name)}>
                  {name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
