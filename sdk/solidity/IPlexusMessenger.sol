// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// Cross-subnet messages from a contract on an EVM subnet (docs/MESSAGING.md). The messenger is
/// native code at a fixed address on every subnet; WASM and Move contracts reach the same code.
interface IPlexusMessenger {
    /// A message left this subnet: `message` is the unsigned message of docs/MESSAGING.md
    /// (version, network id, source subnet, and the addressed call with nonce, sender,
    /// destination, receiver and body), and `id` its keccak256.
    event MessageSent(bytes32 indexed id, bytes32 indexed destination, bytes message);

    /// Sends `body` to contract `receiver` on the subnet whose id is `destination`
    /// (keccak256("plexus subnet " ++ name)). The caller is the message's sender. Costs 30,000
    /// gas plus 16 per byte of the 85-byte header and the body; the payload is at most 16 KiB.
    /// Fails in a static call and with any value. Returns the message's id.
    function sendMessage(bytes32 destination, address receiver, bytes calldata body)
        external
        returns (bytes32 id);
}

// Where the messenger lives: "MSG" in the address's last three bytes.
address constant PLEXUS_MESSENGER = 0x00000000000000000000000000000000004d5347;
