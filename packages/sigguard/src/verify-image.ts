// verifyImage(): filled by the verifyImage issue.
export {};
