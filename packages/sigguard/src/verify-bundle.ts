// verifyBundle(): filled by the foundation issue.
export {};
