/**
 * A throwaway CA and a server certificate for api.kick.com / id.kick.com (+ localhost,
 * 127.0.0.1), made at run time and cached per process. Keys come from Node's native RSA
 * generator (fast); node-forge builds and signs the X.509 certificates.
 */
import { generateKeyPairSync, randomBytes } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import forge from 'node-forge';

export interface TestCertificates {
	caPem: string;
	keyPem: string;
	certPem: string;
}

export const CERT_HOSTNAMES = ['api.kick.com', 'id.kick.com', 'localhost'] as const;
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function rsaKeys(): {
	privateKey: forge.pki.rsa.PrivateKey;
	publicKey: forge.pki.rsa.PublicKey;
	privatePem: string;
} {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
	});
	return {
		privateKey: forge.pki.privateKeyFromPem(privateKey),
		publicKey: forge.pki.publicKeyFromPem(publicKey),
		privatePem: privateKey,
	};
}

function baseCertificate(
	publicKey: forge.pki.rsa.PublicKey,
	commonName: string,
): forge.pki.Certificate {
	const cert = forge.pki.createCertificate();
	cert.publicKey = publicKey;
	cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // leading 01: positive serial
	cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
	cert.validity.notAfter = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
	cert.setSubject([
		{ name: 'commonName', value: commonName },
		{ name: 'organizationName', value: 'n8n-nodes-kick tests' },
	]);
	return cert;
}

function createCertificates(): TestCertificates {
	const ca = rsaKeys();
	const caCert = baseCertificate(ca.publicKey, 'n8n-nodes-kick throwaway test CA');
	caCert.setIssuer(caCert.subject.attributes);
	caCert.setExtensions([
		{ name: 'basicConstraints', cA: true, critical: true },
		{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
		{ name: 'subjectKeyIdentifier' },
	]);
	caCert.sign(ca.privateKey, forge.md.sha256.create());

	const server = rsaKeys();
	const cert = baseCertificate(server.publicKey, 'api.kick.com');
	cert.setIssuer(caCert.subject.attributes);
	cert.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
		{ name: 'extKeyUsage', serverAuth: true },
		{
			name: 'subjectAltName',
			altNames: [
				...CERT_HOSTNAMES.map((value) => ({ type: 2, value })),
				{ type: 7, ip: '127.0.0.1' },
			],
		},
		{ name: 'subjectKeyIdentifier' },
		{
			name: 'authorityKeyIdentifier',
			keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
		},
	]);
	cert.sign(ca.privateKey, forge.md.sha256.create());

	return {
		caPem: forge.pki.certificateToPem(caCert),
		keyPem: server.privatePem,
		certPem: forge.pki.certificateToPem(cert),
	};
}

let cached: TestCertificates | undefined;

export function testCertificates(): TestCertificates {
	cached ??= createCertificates();
	return cached;
}

/**
 * Writes the system CA bundle plus the test CA to a file, for child processes'
 * NODE_EXTRA_CA_CERTS (or SSL_CERT_FILE). Returns the file path.
 */
export function writeCaBundle(
	file = join(mkdtempSync(join(tmpdir(), 'fake-kick-ca-')), 'ca-bundle.pem'),
): string {
	const system = existsSync(SYSTEM_BUNDLE) ? readFileSync(SYSTEM_BUNDLE, 'utf8') : '';
	writeFileSync(file, `${system.trimEnd()}${system ? '\n' : ''}${testCertificates().caPem}`);
	return file;
}
