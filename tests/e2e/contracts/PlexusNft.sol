// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

// Non-fungible token for the end-to-end tests: anyone mints the next id, up to the supply set at deployment.
contract PlexusNft is ERC721 {
    error SoldOut(uint256 maxSupply);

    uint256 public immutable maxSupply;
    uint256 public minted;

    constructor(uint256 maxSupply_) ERC721("Plexus Test NFT", "PXN") {
        maxSupply = maxSupply_;
    }

    function mint(address to) external returns (uint256 id) {
        if (minted == maxSupply) revert SoldOut(maxSupply);
        id = ++minted;
        _safeMint(to, id);
    }
}
