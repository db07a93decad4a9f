import { findProfanity } from "./profanity";

// Built-in stand-ins for the article's image pipeline (a hosted NSFW detector, an OCR service,
// custom metadata rules). Baton's workers never download the submitted image: fetching arbitrary
// URLs from a worker is a server-side request forgery risk, and this machine has no network. So
// the two "model" stand-ins read the URL only, and are named for it; the metadata check is real
// rules, as in the article ("custom_rules").

const NSFW_TERMS = new Set(
  "nsfw porn porno pornography xxx nude nudes nudity naked sex sexy explicit erotic erotica adult hentai onlyfans camgirl stripper fetish lewd boobs topless"
    .split(/\s+/),
);

const IMAGE_EXTENSIONS = new Set(["jpg", "jpeg", "png", "gif", "webp", "avif", "bmp"]);

function urlWords(url: URL): string[] {
  const raw = decodeURIComponent(`${url.hostname} ${url.pathname} ${url.search}`).toLowerCase();
  return raw.split(/[^a-z0-9]+/).filter((word) => word.length > 0);
}

function parse(imageUrl: string): URL | null {
  try {
    return new URL(imageUrl);
  } catch {
    return null;
  }
}

export interface NsfwEstimate {
  score: number;
  matchedTerms: string[];
  model: string;
}

/** Stand-in NSFW detector: words in the URL that suggest explicit content. Never fetches the image. */
export function nsfwFromUrl(imageUrl: string): NsfwEstimate {
  const url = parse(imageUrl);
  if (!url) return { score: 0, matchedTerms: [], model: "builtin/url-nsfw-heuristic" };
  const words = urlWords(url);
  const matched = [...new Set(words.filter((word) => NSFW_TERMS.has(word)))];
  const profane = findProfanity(words.join(" ")).map((m) => m.term);
  const evidence = matched.length + profane.length;
  const score = evidence === 0 ? 0.02 : Number((1 - Math.exp(-1.8 * evidence)).toFixed(4));
  return { score, matchedTerms: [...new Set([...matched, ...profane])], model: "builtin/url-nsfw-heuristic" };
}

export interface ExtractedText {
  text: string;
  source: "file name and path";
  model: string;
}

/** Stand-in for OCR: the words in the image's file name and last path segments ("you-are-an-idiot.png"). */
export function textFromUrl(imageUrl: string): ExtractedText {
  const url = parse(imageUrl);
  const segments = url ? decodeURIComponent(url.pathname).split("/").filter(Boolean).slice(-2) : [];
  const text = segments
    .map((segment) => segment.replace(/\.[a-z0-9]{2,5}$/i, ""))
    .join(" ")
    .split(/[^A-Za-z']+/)
    .filter((word) => word.length > 1 && !/^(img|image|images|photo|pic|upload|uploads|static|media|cdn|file|files)$/i.test(word))
    .join(" ");
  return { text, source: "file name and path", model: "builtin/url-text" };
}

export interface MetadataCheck {
  ok: boolean;
  issues: string[];
  host: string | null;
  extension: string | null;
  model: string;
}

/** Rules on the URL itself: scheme, host, credentials, file type, length. */
export function checkImageMetadata(imageUrl: string): MetadataCheck {
  const issues: string[] = [];
  const url = parse(imageUrl);
  if (!url) return { ok: false, issues: ["not a URL"], host: null, extension: null, model: "builtin/image-metadata-rules" };
  if (url.protocol !== "https:") issues.push(url.protocol === "http:" ? "not served over HTTPS" : `unsupported scheme ${url.protocol}`);
  if (url.username || url.password) issues.push("credentials in the URL");
  const host = url.hostname.toLowerCase();
  if (host === "localhost" || host.endsWith(".local") || host.endsWith(".internal")) issues.push("points at a local host");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[")) issues.push("IP address instead of a host name");
  const extension = /\.([a-z0-9]{2,5})$/i.exec(url.pathname)?.[1]?.toLowerCase() ?? null;
  if (!extension || !IMAGE_EXTENSIONS.has(extension)) issues.push(extension ? `unexpected file type .${extension}` : "no image file extension");
  if (imageUrl.length > 2048) issues.push("URL longer than 2048 characters");
  return { ok: issues.length === 0, issues, host, extension, model: "builtin/image-metadata-rules" };
}
