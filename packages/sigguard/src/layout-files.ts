// OCI layouts from in-memory files (a browser's folder input or drop, a path -> bytes map), for
// `verifyImage(ref, { evidence: { layout: await openOciLayoutFiles(files) } })` on any runtime.
export { openOciLayoutFiles, type LayoutFiles, type LayoutFileContent, type LayoutFileLike } from '@sigguard/oci';
