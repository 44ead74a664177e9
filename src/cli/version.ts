// Only the version field is bundled (a named import of the JSON), not the whole package.json (~40 KB to parse).
import { version as packageVersion } from '../../package.json';
export const version: string = packageVersion;
