// @peculiar/x509 with what it needs at load time: the Reflect metadata polyfill (tsyringe) and
// node's WebCrypto as provider. Import x509 from here, never directly.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
