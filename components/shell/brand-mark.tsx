export function BrandMark() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight text-zinc-900">
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5 text-accent-600" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <path d="M4 16 16 4" />
        <circle cx="16" cy="4" r="2" fill="currentColor" stroke="none" />
      </svg>
      Baton
    </span>
  );
}
