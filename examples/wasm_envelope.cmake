# cmake -DMODULE=<x.wasm> -DOUTPUT=<x.deploy.hex> -P wasm_envelope.cmake
# Writes the contract creation payload without constructor arguments as one line of 0x-hex:
# 0xEF 'W' 'A' 'S', the module length as u32 big-endian, the module (docs/WASM_CONTRACTS.md).
# ethers' ContractFactory takes it as the bytecode and appends the encoded arguments.
file(READ ${MODULE} module_hex HEX)
file(SIZE ${MODULE} module_size)
math(EXPR length_hex "${module_size}" OUTPUT_FORMAT HEXADECIMAL)
string(SUBSTRING ${length_hex} 2 -1 length_hex)
string(LENGTH ${length_hex} digits)
while(digits LESS 8)
  string(PREPEND length_hex "0")
  math(EXPR digits "${digits} + 1")
endwhile()
string(TOLOWER ${length_hex} length_hex)
file(WRITE ${OUTPUT} "0xef574153${length_hex}${module_hex}\n")
