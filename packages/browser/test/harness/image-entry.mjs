// What the verifyImage page imports from sigguard, bundled for the browser by bundleForBrowser().
export { verifyImage, openOciLayoutFiles, renderDecision } from 'sigguard';
