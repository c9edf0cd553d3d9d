// Types of bundle-size.mjs for the TypeScript bench harness.

export function measureJavaScript(folder?: string): Promise<{
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}>;
