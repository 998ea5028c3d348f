// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// The game of examples/game/game.c in Solidity, with the same ABI, rules, revert reasons and
/// events, for the side-by-side comparison of examples/game (gas and time per action).
contract Game {
    uint64 constant WOOD = 1;
    uint64 constant ORE = 2;
    uint64 constant SWORD = 3;
    uint64 constant GREATSWORD = 4;
    uint256 constant QUEST_REWARD = 50;
    uint256 constant CRAFT_FEE = 5;

    struct Listing {
        address seller;
        uint256 price;
    }

    uint256 public totalMinted;
    mapping(uint256 => address) private owners;
    mapping(uint256 => uint256) private kinds;
    mapping(address => uint256) private counts;
    mapping(uint256 => address) private approvals;
    mapping(address => mapping(address => bool)) private operators;
    mapping(address => uint256) public goldOf;
    mapping(uint256 => Listing) public listing;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);
    event Gold(address indexed from, address indexed to, uint256 amount);
    event Listed(address indexed seller, uint256 indexed tokenId, uint256 price);
    event Sold(address indexed buyer, uint256 indexed tokenId, uint256 price);

    function name() external pure returns (string memory) {
        return "Plexus Game Items";
    }

    function symbol() external pure returns (string memory) {
        return "ITEM";
    }

    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == 0x01ffc9a7 || id == 0x80ac58cd || id == 0x5b5e139f;
    }

    function balanceOf(address who) external view returns (uint256) {
        require(who != address(0), "ERC721: invalid owner");
        return counts[who];
    }

    function ownerOf(uint256 id) public view returns (address o) {
        o = owners[id];
        require(o != address(0), "ERC721: invalid token ID");
    }

    function kindOf(uint256 id) external view returns (uint256) {
        ownerOf(id);
        return kinds[id];
    }

    function tokenURI(uint256 id) external view returns (string memory) {
        ownerOf(id);
        uint256 k = kinds[id];
        if (k == WOOD) return 'data:application/json,{"name":"Wood"}';
        if (k == ORE) return 'data:application/json,{"name":"Ore"}';
        if (k == SWORD) return 'data:application/json,{"name":"Sword"}';
        return 'data:application/json,{"name":"Greatsword"}';
    }

    function getApproved(uint256 id) external view returns (address) {
        ownerOf(id);
        return approvals[id];
    }

    function isApprovedForAll(address o, address op) public view returns (bool) {
        return operators[o][op];
    }

    function approve(address to, uint256 id) external {
        address o = ownerOf(id);
        require(msg.sender == o || operators[o][msg.sender], "ERC721: invalid approver");
        approvals[id] = to;
        emit Approval(o, to, id);
    }

    function setApprovalForAll(address op, bool approved) external {
        operators[msg.sender][op] = approved;
        emit ApprovalForAll(msg.sender, op, approved);
    }

    function transferFrom(address from, address to, uint256 id) public {
        address o = ownerOf(id);
        require(o == from, "ERC721: incorrect owner");
        require(to != address(0), "ERC721: invalid receiver");
        require(
            msg.sender == o || operators[o][msg.sender] || approvals[id] == msg.sender,
            "ERC721: insufficient approval"
        );
        moveItem(from, to, id);
    }

    function safeTransferFrom(address from, address to, uint256 id) external {
        safeTransferFrom(from, to, id, "");
    }

    function safeTransferFrom(address from, address to, uint256 id, bytes memory data) public {
        transferFrom(from, to, id);
        if (to.code.length > 0) {
            bytes4 answer = IERC721Receiver(to).onERC721Received(msg.sender, from, id, data);
            require(answer == 0x150b7a02, "ERC721: transfer to non ERC721Receiver");
        }
    }

    function transferGold(address to, uint256 amount) external returns (bool) {
        require(to != address(0), "Game: gold to the zero address");
        moveGold(msg.sender, to, amount);
        return true;
    }

    function quest() external {
        moveGold(address(0), msg.sender, QUEST_REWARD);
    }

    function forage(uint256 kind) external returns (uint256) {
        require(kind == WOOD || kind == ORE, "Game: only wood or ore grow wild");
        return mintItem(msg.sender, kind);
    }

    function craft(uint256 a, uint256 b) external returns (uint256) {
        require(a != b, "Game: two different items are needed");
        require(ownerOf(a) == msg.sender && ownerOf(b) == msg.sender, "Game: not your item");
        uint256 ka = kinds[a];
        uint256 kb = kinds[b];
        uint256 output;
        if ((ka == WOOD && kb == ORE) || (ka == ORE && kb == WOOD)) output = SWORD;
        else if (ka == SWORD && kb == SWORD) output = GREATSWORD;
        require(output != 0, "Game: no recipe for these items");
        moveGold(msg.sender, address(0), CRAFT_FEE);
        moveItem(msg.sender, address(0), a);
        moveItem(msg.sender, address(0), b);
        return mintItem(msg.sender, output);
    }

    function list(uint256 id, uint256 price) external {
        require(ownerOf(id) == msg.sender, "Game: not your item");
        moveItem(msg.sender, address(this), id);
        listing[id] = Listing(msg.sender, price);
        emit Listed(msg.sender, id, price);
    }

    function buy(uint256 id) external {
        Listing memory l = listing[id];
        require(l.seller != address(0), "Game: not listed");
        require(l.seller != msg.sender, "Game: your own listing");
        moveGold(msg.sender, l.seller, l.price);
        delete listing[id];
        moveItem(address(this), msg.sender, id);
        emit Sold(msg.sender, id, l.price);
    }

    function cancel(uint256 id) external {
        Listing memory l = listing[id];
        require(l.seller != address(0), "Game: not listed");
        require(l.seller == msg.sender, "Game: not your listing");
        delete listing[id];
        moveItem(address(this), msg.sender, id);
    }

    function moveGold(address from, address to, uint256 amount) private {
        if (from != address(0)) {
            require(goldOf[from] >= amount, "Game: not enough gold");
            goldOf[from] -= amount;
        }
        if (to != address(0)) goldOf[to] += amount;
        emit Gold(from, to, amount);
    }

    function moveItem(address from, address to, uint256 id) private {
        if (from != address(0)) {
            counts[from] -= 1;
            delete approvals[id];
        }
        if (to == address(0)) {
            delete owners[id];
            delete kinds[id];
        } else {
            counts[to] += 1;
            owners[id] = to;
        }
        emit Transfer(from, to, id);
    }

    function mintItem(address to, uint256 kind) private returns (uint256 id) {
        id = ++totalMinted;
        kinds[id] = kind;
        moveItem(address(0), to, id);
    }
}

interface IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4);
}

/// A contract that receives items with safeTransferFrom (accepting or refusing them) and keeps
/// what it was told, for the tests of both builds of the game.
contract ItemReceiver is IERC721Receiver {
    bool private immutable accept;
    address public lastOperator;
    uint256 public lastId;
    bytes public lastData;

    constructor(bool accept_) {
        accept = accept_;
    }

    function onERC721Received(address op, address, uint256 id, bytes calldata data) external returns (bytes4) {
        lastOperator = op;
        lastId = id;
        lastData = data;
        return accept ? IERC721Receiver.onERC721Received.selector : bytes4(0xdeadbeef);
    }
}
