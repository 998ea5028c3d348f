// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// Cross-subnet messages from a contract on an EVM subnet (docs/MESSAGING.md). The messenger is
/// native code at a fixed address on every subnet; WASM and Move contracts reach the same code.
interface IPlexusMessenger {
    /// A message left this subnet: `message` is the unsigned message of docs/MESSAGING.md
    /// (version, network id, source subnet, and the addressed call with nonce, sender,
    /// destination, receiver and body), and `id` its keccak256.
    event MessageSent(bytes32 indexed id, bytes32 indexed destination, bytes message);

    /// A message from subnet `source` was received here: `delivered` says whether its receiver
    /// took it (else it is kept as failed, and retryMessage may deliver it later).
    event MessageReceived(bytes32 indexed id, bytes32 indexed source, uint64 nonce, bool delivered);

    /// Sends `body` to contract `receiver` on the subnet whose id is `destination`
    /// (keccak256("plexus subnet " ++ name)). The caller is the message's sender. Costs 30,000
    /// gas plus 16 per byte of the 85-byte header and the body; the payload is at most 16 KiB.
    /// Fails in a static call and with any value. Returns the message's id.
    function sendMessage(bytes32 destination, address receiver, bytes calldata body)
        external
        returns (bytes32 id);

    /// Delivers a signed message (docs/MESSAGING.md, Signed message) to its receiver on this
    /// subnet. The node's relayer calls it; anyone may. Reverts with the rule a message breaks
    /// (certificate, network, destination, platform height, replay), costing only the check
    /// (150,000 gas plus 16 per byte); otherwise calls the receiver with all but 25,000 of the
    /// gas left and returns whether it succeeded.
    function deliverMessage(bytes calldata signedMessage) external returns (bool delivered);

    /// Calls the receiver of a message whose delivery failed here again (`message` is the
    /// unsigned message); anyone may, with as much gas as the receiver needs.
    function retryMessage(bytes calldata message) external returns (bool delivered);

    /// 0: never received here; 1: delivered; 2: failed (retryMessage may deliver it).
    function messageStatus(bytes32 id) external view returns (uint8);
}

/// What a contract implements to receive messages. Only the messenger calls it: check
/// `msg.sender == PLEXUS_MESSENGER`, and `source` and `sender` before trusting `body`.
interface IPlexusReceiver {
    function receiveMessage(bytes32 source, address sender, bytes calldata body) external;
}

// Where the messenger lives: "MSG" in the address's last three bytes.
address constant PLEXUS_MESSENGER = 0x00000000000000000000000000000000004d5347;
