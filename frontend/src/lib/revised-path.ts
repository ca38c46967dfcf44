/**
 * A sample's media URL that no browser cache answers from before its last masking: media are served
 * as immutable, so a masked image (`pixel_revision` > 0) needs a URL of its own.
 */
export function revisedPath(path: string, revision: number): string {
  return revision > 0 ? `${path}?v=${revision}` : path;
}
