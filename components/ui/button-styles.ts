// Button looks as class strings, so links and buttons can share them.
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50";

export const buttonStyles = {
  primary: `${base} bg-accent-600 text-white shadow-xs hover:bg-accent-700`,
  secondary: `${base} border border-zinc-300 bg-white text-zinc-800 shadow-xs hover:bg-zinc-50`,
  danger: `${base} border border-red-300 bg-white text-red-700 shadow-xs hover:bg-red-50`,
  success: `${base} bg-emerald-600 text-white shadow-xs hover:bg-emerald-700`,
  ghost: `${base} text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900`,
} as const;

const fieldStyles =
  "rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-100 aria-[invalid=true]:border-red-400 aria-[invalid=true]:ring-red-100";

export const inputStyles = `block w-full ${fieldStyles}`;

/** A select that sits beside buttons in a row, at its own width. */
export const inlineSelectStyles = `w-48 shrink-0 ${fieldStyles}`;
