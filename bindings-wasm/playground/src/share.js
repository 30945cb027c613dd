// Share links: the source (and a non-default config) in the URL fragment, so nothing is sent
// to any server. `z=` is deflate-raw compressed UTF-8, `s=` plain UTF-8 (for browsers without
// CompressionStream); both base64url. `c=` is the config JSON, base64url UTF-8.

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const canCompress = typeof CompressionStream === 'function';

/** The fragment (without `#`) for a source and a config text (omitted when empty). */
export async function encodeFragment(source, configText) {
  const utf8 = new TextEncoder().encode(source);
  const params = new URLSearchParams();
  if (canCompress) params.set('z', toBase64Url(await pipe(utf8, new CompressionStream('deflate-raw'))));
  else params.set('s', toBase64Url(utf8));
  if (configText) params.set('c', toBase64Url(new TextEncoder().encode(configText)));
  return params.toString();
}

/** `{ source, configText }` from a fragment, or null when it holds no source. Throws on a corrupt one. */
export async function decodeFragment(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let source = null;
  if (params.has('z')) {
    source = decoder.decode(await pipe(fromBase64Url(params.get('z')), new DecompressionStream('deflate-raw')));
  } else if (params.has('s')) {
    source = decoder.decode(fromBase64Url(params.get('s')));
  }
  if (source === null) return null;
  const configText = params.has('c') ? decoder.decode(fromBase64Url(params.get('c'))) : '';
  return { source, configText };
}
