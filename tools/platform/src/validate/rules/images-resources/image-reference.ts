/** The parts of an image reference that decide whether it is pinned. */
export interface ImageReference {
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits `registry:port/path/name:tag@sha256:...`. The tag is after the last colon that
 * follows the last slash, so a registry port is not taken for a tag.
 */
export function parseImage(image: string): ImageReference {
  const at = image.indexOf("@");
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const name = at < 0 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(":");
  const hasTag = colon > name.lastIndexOf("/");
  return {
    repository: hasTag ? name.slice(0, colon) : name,
    ...(hasTag ? { tag: name.slice(colon + 1) } : {}),
    ...(digest === undefined ? {} : { digest }),
  };
}
