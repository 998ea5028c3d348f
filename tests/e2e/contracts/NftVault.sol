// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721Holder} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Holder.sol";

// A contract that accepts safe transfers: minting to it makes a nested call (onERC721Received).
contract NftVault is ERC721Holder {}
