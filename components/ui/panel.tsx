/** A bordered white section with an optional heading: the one container style of the app. */
export function Panel({
  title,
  actions,
  children,
  className = "",
  bodyClassName = "p-4",
  headingLevel = 2,
}: {
  title?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  bodyClassName?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={`rounded-lg border border-zinc-200 bg-white shadow-xs ${className}`}>
      {title ? (
        <div className="flex items-center justify-between gap-2 border-b border-zinc-100 px-4 py-2.5">
          <Heading className="text-[13px] font-semibold text-zinc-800">{title}</Heading>
          {actions}
        </div>
      ) : null}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}

/** Label/value pairs; two columns wide on larger screens unless `columns` is 1. */
export function Fields({ items, columns = 2 }: { items: { label: string; value: React.ReactNode }[]; columns?: 1 | 2 }) {
  return (
    <dl className={`grid grid-cols-1 gap-x-6 gap-y-2 ${columns === 2 ? "sm:grid-cols-2" : ""}`}>
      {items.map((item) => (
        <div key={item.label} className="flex min-w-0 items-baseline gap-2">
          <dt className="w-24 shrink-0 text-zinc-500">{item.label}</dt>
          <dd className="min-w-0 break-words text-zinc-900">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return <p className="px-4 py-10 text-center text-zinc-500">{children}</p>;
}
