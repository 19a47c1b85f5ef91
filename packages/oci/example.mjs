// Runnable README example. From the repository root after `npm run setup`:
//   node packages/oci/example.mjs ./oci-layout registry.example.com/acme/app:v1
import { parseImageReference, resolveImage, discoverEvidence, checkImageBinding } from '@sigguard/oci';
import { openOciLayoutDir } from '@sigguard/oci/node';

const [dir = './oci-layout', ref = 'registry.example.com/acme/app:v1'] = process.argv.slice(2);
const layout = await openOciLayoutDir(dir); // or: new RegistryClient({ credentials: { 'ghcr.io': {...} } })
const image = await resolveImage(layout, parseImageReference(ref));
console.log(`${image.kind} ${image.digest}`);

const { evidence, notes } = await discoverEvidence(layout, image.reference);
for (const e of evidence) {
  // e.bundle: Sigstore bundle JSON for @sigguard/verify; e.checks: what was checked on the raw bytes
  const binding = checkImageBinding(e, image.digest);
  console.log(
    `${e.kind} ${e.origin} ${e.id}: binding ${binding.status}, ${e.checks.map((c) => `${c.name}=${c.status}`).join(' ')}`,
  );
}
for (const n of notes) console.log(`  ${n.status} ${n.reason}`);
