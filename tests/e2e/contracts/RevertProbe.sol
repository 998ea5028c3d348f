// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// The other ways a call fails besides custom errors: Error(string) reasons and Panic codes.
contract RevertProbe {
    uint256 public value;

    function failWith(string calldata reason) external pure {
        revert(reason);
    }

    function divide(uint256 a, uint256 b) external pure returns (uint256) {
        return a / b;
    }

    function store(uint256 v) external {
        value = v;
        require(v < 10, "value too large");
    }
}
