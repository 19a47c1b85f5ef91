// A strict, synchronous reader for the tar dialects real tools write: v7, ustar (with the
// 155-byte `prefix` that Go's archive/tar, node-tar, busybox and `tar --format=ustar` use for
// names over 100 bytes; star's 131-byte prefix), GNU and old GNU (`././@LongLink` 'L'/'K'
// records), and pax ('x' per-entry and 'g' global extended headers, POSIX.1-2001).
// It returns entries with their resolved names and leaves policy (which types are allowed,
// where paths may point) to the caller. Anything it cannot read exactly as Go's archive/tar
// would (bad checksum, truncation, sparse layouts, a pax key that changes what the bytes or
// the name mean in a way we do not implement) is an error, never a guess.
// Differentially tested against GNU tar, Python's tarfile and node-tar (tar-dialects.test.ts).

export type TarEntryType =
  | 'file'
  | 'contiguousFile'
  | 'directory'
  | 'hardLink'
  | 'symbolicLink'
  | 'characterDevice'
  | 'blockDevice'
  | 'fifo'
  | 'gnuDumpDirectory'
  | 'gnuSparseFile'
  | 'gnuMultiVolume'
  | 'gnuOldLongName'
  | 'volumeLabel'
  | `type ${string}`;

export interface TarEntry {
  /** The entry's full name: pax `path`, else GNU long name, else ustar prefix + "/" + name. */
  name: string;
  type: TarEntryType;
  data: Uint8Array;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

const BLOCK = 512;
/** Largest pax or GNU long-name record accepted (Go's archive/tar uses the same 1 MiB cap). */
const MAX_META_BYTES = 1024 * 1024;

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'contiguousFile',
  '5': 'directory',
  '1': 'hardLink',
  '2': 'symbolicLink',
  '3': 'characterDevice',
  '4': 'blockDevice',
  '6': 'fifo',
  D: 'gnuDumpDirectory',
  S: 'gnuSparseFile',
  M: 'gnuMultiVolume',
  N: 'gnuOldLongName',
  V: 'volumeLabel',
};
/** Types whose size field does not announce data blocks (as Go's isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new TarFormatError(`${what} is not valid UTF-8`);
  }
}

/** A NUL-terminated header field. */
function field(block: Uint8Array, offset: number, length: number): Uint8Array {
  const raw = block.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return nul === -1 ? raw : raw.subarray(0, nul);
}

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** A numeric header field: octal (space/NUL padded) or GNU base-256 (high bit of the first byte set). */
function numeric(block: Uint8Array, offset: number, length: number, what: string): number {
  const raw = block.subarray(offset, offset + length);
  if (raw[0]! & 0x80) {
    if (raw[0] === 0xff) throw new TarFormatError(`${what} is a negative base-256 number`);
    let n = raw[0]! & 0x7f;
    for (const b of raw.subarray(1)) {
      n = n * 256 + b;
      if (n > Number.MAX_SAFE_INTEGER) throw new TarFormatError(`${what} is too large`);
    }
    return n;
  }
  const digits = ascii(raw).replace(/^[ \0]+|[ \0]+$/g, '');
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarFormatError(`${what} ${JSON.stringify(digits)} is not an octal number`);
  return parseInt(digits, 8);
}

function isZeroBlock(block: Uint8Array): boolean {
  return block.every((b) => b === 0);
}

/** Header checksum: byte sum with the checksum field read as spaces (unsigned, or signed as some old tars, like Go). */
function checkChecksum(block: Uint8Array, at: number): void {
  const stored = numeric(block, 148, 8, `header at byte ${at}: checksum`);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new TarFormatError(`header at byte ${at}: checksum mismatch (not a tar header, or corrupt)`);
  }
}

type Format = 'v7' | 'ustar' | 'star' | 'gnu';

function formatOf(block: Uint8Array, at: number): Format {
  const magic = ascii(block.subarray(257, 263));
  const version = ascii(block.subarray(263, 265));
  if (magic === 'ustar\0' && version === '00') {
    return ascii(block.subarray(508, 512)) === 'tar\0' ? 'star' : 'ustar';
  }
  if (magic === 'ustar ' && version === ' \0') return 'gnu';
  if (block.subarray(257, 265).every((b) => b === 0)) return 'v7';
  throw new TarFormatError(`header at byte ${at}: unknown tar magic ${JSON.stringify(magic + version)}`);
}

/** The name in the header itself: ustar joins prefix and name; GNU headers have no prefix field (atime lives there). */
function headerName(block: Uint8Array, format: Format, at: number): string {
  const name = text(field(block, 0, 100), `header at byte ${at}: name`);
  const prefixLength = format === 'ustar' ? 155 : format === 'star' ? 131 : 0;
  const prefix = prefixLength ? text(field(block, 345, prefixLength), `header at byte ${at}: prefix`) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** pax extended header records: "<length> <key>=<value>\n", length counting the whole record. */
function paxRecords(data: Uint8Array, at: number): Map<string, string> {
  const records = new Map<string, string>();
  let off = 0;
  while (off < data.length) {
    const space = data.indexOf(0x20, off);
    const lengthText = space === -1 ? '' : ascii(data.subarray(off, space));
    if (!/^[1-9][0-9]*$/.test(lengthText)) {
      throw new TarFormatError(`pax header at byte ${at}: record without a valid length`);
    }
    const length = Number(lengthText);
    const end = off + length;
    if (end > data.length || end <= space + 1 || data[end - 1] !== 0x0a) {
      throw new TarFormatError(`pax header at byte ${at}: record length ${length} does not match its contents`);
    }
    const record = text(data.subarray(space + 1, end - 1), `pax header at byte ${at}: record`);
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarFormatError(`pax header at byte ${at}: record without a key`);
    const key = record.slice(0, eq);
    if (records.has(key)) throw new TarFormatError(`pax header at byte ${at}: key ${JSON.stringify(key)} given twice`);
    records.set(key, record.slice(eq + 1));
    off = end;
  }
  return records;
}

/**
 * Applies pax records to the pending state. Keys acted on: `path` and `size`. Sparse-file keys
 * are refused (Go reassembles sparse files; we do not, so the data would be misread). Every other
 * key (times, owners, xattrs, comments, linkpath, hdrcharset) is metadata sigguard does not use and
 * is ignored, as POSIX.1-2001 and Go's archive/tar ignore keys they do not act on. A global ('g')
 * header may not carry `path` or `size`: they would give every later entry the same name or size.
 */
function applyPax(records: Map<string, string>, pending: Pending | undefined, at: number): void {
  for (const [key, value] of records) {
    const shown = `${pending ? 'pax header' : 'global pax header'} at byte ${at}: key ${JSON.stringify(key)}`;
    if (key.startsWith('GNU.sparse.') || key === 'SCHILY.realsize') {
      throw new TarFormatError(`${shown} describes a sparse file, which is not supported`);
    }
    if (key !== 'path' && key !== 'size') continue;
    if (!pending) throw new TarFormatError(`${shown} would apply to every later entry; refused`);
    // An empty value deletes the key (POSIX.1-2001): the header's own field applies.
    if (key === 'path') {
      if (value.includes('\0')) throw new TarFormatError(`${shown} has a NUL in its value`);
      pending.paxPath = value === '' ? undefined : value;
    } else if (value === '') {
      pending.paxSize = undefined;
    } else if (/^[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) {
      pending.paxSize = Number(value);
    } else {
      throw new TarFormatError(`${shown} value ${JSON.stringify(value)} is not a size`);
    }
  }
}

/** Extended-header state waiting for the entry it describes. */
interface Pending {
  paxPath?: string;
  paxSize?: number;
  gnuLongName?: string;
  seen: Set<string>;
  at: number;
}

const freshPending = (): Pending => ({ seen: new Set(), at: -1 });

/** Reads every entry of an uncompressed tar archive. Throws TarFormatError naming what and where. */
export function readTar(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let pending = freshPending();
  let off = 0;
  while (off < tar.length) {
    if (off + BLOCK > tar.length) throw new TarFormatError(`archive ends inside the header at byte ${off}`);
    const block = tar.subarray(off, off + BLOCK);
    if (isZeroBlock(block)) {
      // End of archive: two zero blocks (or one at the very end, as Go accepts). What follows is padding.
      const next = tar.subarray(off + BLOCK, off + 2 * BLOCK);
      if (next.length === BLOCK && !isZeroBlock(next)) {
        throw new TarFormatError(`a single zero block at byte ${off} is followed by more headers`);
      }
      break;
    }
    checkChecksum(block, off);
    const format = formatOf(block, off);
    const flag = String.fromCharCode(block[156]!);
    let size = numeric(block, 124, 12, `header at byte ${off}: size`);
    const dataStart = off + BLOCK;

    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META_BYTES) {
        throw new TarFormatError(`extended header at byte ${off} is over ${MAX_META_BYTES} bytes`);
      }
      if (dataStart + size > tar.length) {
        throw new TarFormatError(`archive ends inside the extended header at byte ${off}`);
      }
      const data = tar.subarray(dataStart, dataStart + size);
      if (flag === 'g') {
        applyPax(paxRecords(data, off), undefined, off);
      } else {
        if (pending.seen.has(flag)) throw new TarFormatError(`two '${flag}' extended headers in a row at byte ${off}`);
        pending.seen.add(flag);
        if (pending.at === -1) pending.at = off;
        if (flag === 'x') applyPax(paxRecords(data, off), pending, off);
        else if (flag === 'L') pending.gnuLongName = text(field(data, 0, data.length), `GNU long name at byte ${off}`);
        // 'K' (GNU long link target) is read past: links are reported by type and never followed.
      }
      off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
      continue;
    }

    if (pending.paxPath !== undefined && pending.gnuLongName !== undefined) {
      throw new TarFormatError(`header at byte ${off} has both a pax path and a GNU long name`);
    }
    const name = pending.paxPath ?? pending.gnuLongName ?? headerName(block, format, off);
    if (pending.paxSize !== undefined) size = pending.paxSize;
    let type: TarEntryType = TYPES[flag] ?? `type ${JSON.stringify(flag)}`;
    // v7 and old tars mark directories only by a trailing slash on a regular-file entry.
    if (flag === '\0' && name.endsWith('/')) type = 'directory';
    // Links, devices and directories carry no data; a size on them would be read differently
    // by different tools (Go skips it, others read data blocks), so it is refused.
    if ((HEADER_ONLY.has(flag) || type === 'directory') && size !== 0) {
      throw new TarFormatError(`${type} entry ${JSON.stringify(name)} has a non-zero size ${size}`);
    }
    if (name === '') throw new TarFormatError(`header at byte ${off} has an empty name`);
    if (dataStart + size > tar.length) {
      throw new TarFormatError(`archive ends inside the data of ${JSON.stringify(name)}`);
    }
    entries.push({ name, type, data: tar.subarray(dataStart, dataStart + size) });
    pending = freshPending();
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (pending.at !== -1) throw new TarFormatError(`extended header at byte ${pending.at} is not followed by an entry`);
  return entries;
}
