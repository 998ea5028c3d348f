// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./Model.sol";

/// verifier.c in Solidity, with the same ABI, rules, revert reasons and events, for the
/// comparison of examples/verify-compute (gas and time per inference).
contract Verifier {
    uint256 constant IN = 32;
    uint256 constant HIDDEN = 32;
    uint256 constant OUT = 10;
    uint256 constant MIN_BOND = 0.01 ether;
    uint256 constant PENDING = 1;
    uint256 constant ACCEPTED = 2;
    uint256 constant SLASHED = 3;

    struct Claim {
        address worker;
        bytes32 input;
        uint256 cls;
        bytes32 commitment;
        uint256 bond;
        uint256 deadline;
        uint256 status;
    }

    uint256 private windowBlocks;
    uint256 public claimCount;
    mapping(uint256 => Claim) private records;

    event Claimed(uint256 indexed id, address indexed worker, bytes32 input, uint256 cls, bytes32 commitment);
    event Slashed(uint256 indexed id, address indexed challenger, uint256 cls, bytes32 commitment);
    event Accepted(uint256 indexed id, address indexed worker);

    constructor(uint256 window_) {
        windowBlocks = window_;
    }

    function window() public view returns (uint256) {
        return windowBlocks == 0 ? 5 : windowBlocks;
    }

    function bond() external pure returns (uint256) {
        return MIN_BOND;
    }

    /// The network of model.mjs, bit for bit.
    function infer(bytes32 input) public pure returns (uint256 cls, bytes32 commitment) {
        bytes memory w1 = Model.W1;
        bytes memory b1 = Model.B1;
        bytes memory w2 = Model.W2;
        bytes memory b2 = Model.B2;
        int256[HIDDEN] memory h;
        bytes memory preimage = new bytes(IN + 4 * OUT);
        unchecked {
            for (uint256 j = 0; j < HIDDEN; ++j) {
                int256 acc = int32(uint32(bytes4(word4(b1, 4 * j))));
                for (uint256 i = 0; i < IN; ++i)
                    acc += int256(int8(uint8(w1[j * IN + i]))) * int256(int8(uint8(input[i])));
                acc = acc < 0 ? int256(0) : acc >> 7;
                h[j] = acc > 127 ? int256(127) : acc;
            }
            for (uint256 i = 0; i < IN; ++i) preimage[i] = input[i];
            int256 best;
            for (uint256 k = 0; k < OUT; ++k) {
                int256 acc = int32(uint32(bytes4(word4(b2, 4 * k))));
                for (uint256 j = 0; j < HIDDEN; ++j) acc += int256(int8(uint8(w2[k * HIDDEN + j]))) * h[j];
                if (k == 0 || acc > best) {
                    best = acc;
                    cls = k;
                }
                uint32 u = uint32(int32(acc));
                for (uint256 b = 0; b < 4; ++b) preimage[IN + 4 * k + b] = bytes1(uint8(u >> (24 - 8 * b)));
            }
        }
        commitment = keccak256(preimage);
    }

    function word4(bytes memory data, uint256 offset) private pure returns (bytes4 w) {
        assembly {
            w := mload(add(add(data, 32), offset))
        }
    }

    function claim(bytes32 input, uint256 cls, bytes32 commitment) external payable returns (uint256 id) {
        require(msg.value >= MIN_BOND, "Verify: bond below 0.01");
        require(cls < OUT, "Verify: class out of range");
        id = ++claimCount;
        records[id] = Claim(msg.sender, input, cls, commitment, msg.value, block.number + window(), PENDING);
        emit Claimed(id, msg.sender, input, cls, commitment);
    }

    function claims(uint256 id) external view returns (Claim memory) {
        return load(id);
    }

    function challenge(uint256 id) external {
        Claim storage c = load(id);
        require(c.status == PENDING, "Verify: claim already settled");
        require(block.number <= c.deadline, "Verify: challenge window closed");
        (uint256 cls, bytes32 commitment) = infer(c.input);
        require(cls != c.cls || commitment != c.commitment, "Verify: the claim is correct");
        c.status = SLASHED;
        pay(msg.sender, c.bond);
        emit Slashed(id, msg.sender, cls, commitment);
    }

    function finalize(uint256 id) external {
        Claim storage c = load(id);
        require(c.status == PENDING, "Verify: claim already settled");
        require(block.number > c.deadline, "Verify: challenge window open");
        c.status = ACCEPTED;
        pay(c.worker, c.bond);
        emit Accepted(id, c.worker);
    }

    function load(uint256 id) private view returns (Claim storage c) {
        c = records[id];
        require(c.status != 0, "Verify: no such claim");
    }

    function pay(address to, uint256 value) private {
        (bool ok, ) = to.call{value: value}("");
        require(ok, "Verify: payment failed");
    }
}
