// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

// Fungible token for the end-to-end tests: the deployer mints up to a fixed cap.
contract PlexusToken is ERC20 {
    error NotMinter(address caller);
    error CapExceeded(uint256 requested, uint256 remaining);

    uint256 public constant CAP = 1_000_000 ether;
    address public immutable minter;

    constructor() ERC20("Plexus Test Token", "PXT") {
        minter = msg.sender;
    }

    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        uint256 remaining = CAP - totalSupply();
        if (amount > remaining) revert CapExceeded(amount, remaining);
        _mint(to, amount);
    }
}
