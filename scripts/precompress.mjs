import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Formats that are compressed already: another pass would only cost build time. */
const ALREADY_COMPRESSED = new Set(['.br', '.gz', '.zip', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.woff', '.woff2', '.mp4', '.webm']);

async function filesUnder(dir) {
  const files = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(file)));
    else if (entry.isFile()) files.push(file);
  }
  return files;
}

/**
 * Writes `file.br` (brotli, quality 11) and `file.gz` (gzip, level 9) beside every file under
 * `dir`, so the server sends the smallest encoding the browser accepts without compressing per
 * request. A variant that would not be smaller than the file is not written (and a stale one
 * is removed), so the server falls back to the file itself.
 */
export async function precompressDir(dir) {
  const files = (await filesUnder(dir)).filter((file) => !ALREADY_COMPRESSED.has(path.extname(file).toLowerCase()));
  return Promise.all(
    files.map(async (file) => {
      const content = await fs.readFile(file);
      const [br, gz] = await Promise.all([
        brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
        gzip(content, { level: 9 }),
      ]);
      const result = { file: path.relative(dir, file), size: content.length, br: null, gzip: null };
      for (const [encoded, extension, key] of [[br, '.br', 'br'], [gz, '.gz', 'gzip']]) {
        if (encoded.length < content.length) {
          await fs.writeFile(file + extension, encoded);
          result[key] = encoded.length;
        } else {
          await fs.rm(file + extension, { force: true });
        }
      }
      return result;
    }),
  );
}
