export type PrecompressedFile = { file: string; size: number; br: number | null; gzip: number | null };
export function precompressDir(dir: string): Promise<PrecompressedFile[]>;
