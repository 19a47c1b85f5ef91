// The page: collects the evidence (bundle files or an OCI layout folder), the policies and an optional
// trusted root from file inputs or a drop, calls sigguard's verifyImage() in the page, and shows the
// decision tree (policy → authority → signature/attestation → checks). Nothing leaves the browser.
import { verifyImage, openOciLayoutFiles } from 'sigguard';

const $ = (id) => document.getElementById(id);
/** What was dropped (added to what the inputs hold). */
const dropped = { policies: [], bundles: [], layout: [], trustedRoot: undefined };

const MARK = { pass: '✔', fail: '✘', skip: '–', warn: '!' };

function renderNode(node) {
  const li = document.createElement('li');
  li.className = `node status-${node.status}`;
  const line = document.createElement('span');
  line.className = 'line';
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = `${MARK[node.status] ?? '?'} ${node.kind} ${node.name}`;
  line.append(kind, `: ${node.reason}`);
  if (node.code) {
    const code = document.createElement('span');
    code.className = 'code';
    code.textContent = ` [${node.code}]`;
    line.append(code);
  }
  li.append(line);
  if (node.children?.length) {
    const ul = document.createElement('ul');
    ul.append(...node.children.map(renderNode));
    li.append(ul);
  }
  return li;
}

function show(decision) {
  const summary = $('summary');
  summary.textContent = decision.summary;
  summary.className = decision.allowed ? 'allowed' : 'denied';
  $('tree').replaceChildren(...decision.policies.map(renderNode));
  $('result').hidden = false;
}

function showError(message) {
  show({ allowed: false, summary: `error: ${message}`, policies: [] });
}

async function inputs() {
  const files = (id) => [...$(id).files];
  const policyTexts = await Promise.all([...files('policy'), ...dropped.policies].map((f) => f.text()));
  const bundles = await Promise.all([...files('bundles'), ...dropped.bundles].map((f) => f.text()));
  const layoutFiles = [...files('layout'), ...dropped.layout];
  const rootFile = files('trusted-root')[0] ?? dropped.trustedRoot;
  return {
    policies: policyTexts.join('\n---\n'),
    bundles,
    layoutFiles,
    trustedRoot: rootFile ? await rootFile.text() : undefined,
  };
}

async function decide(event) {
  event.preventDefault();
  $('verify').disabled = true;
  try {
    const given = await inputs();
    if (!given.policies.trim()) throw new Error('choose at least one ClusterImagePolicy file');
    const evidence = { bundles: given.bundles };
    if (given.layoutFiles.length > 0) evidence.layout = await openOciLayoutFiles(given.layoutFiles);
    const decision = await verifyImage($('ref').value.trim(), {
      policies: given.policies,
      evidence,
      ...(given.trustedRoot ? { defaultTrustRoot: given.trustedRoot } : {}),
    });
    show(decision);
  } catch (e) {
    // Usage problems (no digest, a malformed policy or layout) are errors with a reason, never an allow.
    showError(`${e.code ? `${e.code}: ` : ''}${e.message}`);
  } finally {
    $('verify').disabled = false;
    document.body.dataset.state = 'decided';
  }
}

// A dropped folder is an OCI layout: its files get the relative paths a folder input would give them.
async function readEntry(entry, into, prefix = '') {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    Object.defineProperty(file, 'webkitRelativePath', { value: `${prefix}${entry.name}` });
    into.push(file);
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await readEntry(child, into, `${prefix}${entry.name}/`);
  }
}

async function classify(file) {
  if (/\.ya?ml$/i.test(file.name)) return dropped.policies.push(file);
  const json = JSON.parse(await file.text());
  if (String(json.mediaType ?? '').startsWith('application/vnd.dev.sigstore.trustedroot')) dropped.trustedRoot = file;
  else dropped.bundles.push(file);
}

async function onDrop(event) {
  event.preventDefault();
  $('drop').classList.remove('over');
  // Entries tell folders from files; where a browser gives no entry, the item is a plain file.
  const items = [...event.dataTransfer.items].map((i) => ({ entry: i.webkitGetAsEntry?.(), file: i.getAsFile() }));
  try {
    for (const { entry, file } of items) {
      if (entry?.isDirectory) await readEntry(entry, dropped.layout);
      else if (file) await classify(file);
    }
  } catch (e) {
    showError(`could not read a dropped file: ${e.message}`);
  }
  $('picked').textContent =
    `dropped: ${dropped.policies.length} policy file(s), ${dropped.bundles.length} bundle(s), ` +
    `${dropped.layout.length} layout file(s)${dropped.trustedRoot ? ', a trusted root' : ''}`;
}

$('inputs').addEventListener('submit', decide);
$('drop').addEventListener('dragover', (e) => (e.preventDefault(), $('drop').classList.add('over')));
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', onDrop);
document.body.dataset.state = 'ready';
