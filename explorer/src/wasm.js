// Reads a WebAssembly module's header and export section (binary format, section id 7) to list
// what a WASM contract exports. Only what the explorer shows is parsed; anything malformed
// gives an error text instead of a list.

const kKinds = ['function', 'table', 'memory', 'global', 'tag'];

export function isWasm(bytes) {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

export function hexToBytes(hex) {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

// {version, exports: [{name, kind}], sections} or {error}
export function wasmExports(bytes) {
  if (!isWasm(bytes)) return { error: 'not a WebAssembly module' };
  let pos = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length || shift > 28) throw new Error('truncated number');
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  try {
    const version = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
    const exports = [];
    let sections = 0;
    while (pos < bytes.length) {
      const id = bytes[pos++];
      const size = leb();
      const end = pos + size;
      if (end > bytes.length) throw new Error('section runs past the end');
      sections++;
      if (id === 7) {
        for (let n = leb(); n > 0; n--) {
          const len = leb();
          if (pos + len > end) throw new Error('export name runs past its section');
          const name = new TextDecoder().decode(bytes.subarray(pos, pos + len));
          pos += len;
          const kind = kKinds[bytes[pos++]] ?? 'unknown';
          leb();  // the index of the exported item
          exports.push({ name, kind });
        }
      }
      pos = end;
    }
    return { version, exports, sections };
  } catch (e) {
    return { error: `malformed module: ${e.message}` };
  }
}
