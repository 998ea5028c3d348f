// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// The EVM side of the token bridge (examples/bridge/README.md): the token's home. Locking here
// sends a message that mints the wrapped token on a peer subnet; a message from a peer (its
// holder burned the wrapped token there) unlocks it here. IPlexusMessenger.sol is
// sdk/solidity/IPlexusMessenger.sol.
import "./IPlexusMessenger.sol";

contract BridgeToken {
    string public constant name = "Bridge Token";
    string public constant symbol = "BRG";
    uint8 public constant decimals = 0;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(allowance[from][msg.sender] >= value, "allowance");
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}

contract EvmBridge is IPlexusReceiver {
    BridgeToken public immutable token;
    address public immutable owner;
    // The peer bridge on each subnet: only messages from it unlock tokens here.
    mapping(bytes32 => address) public peer;

    event Locked(address indexed from, bytes32 indexed destination, bytes32 recipient, uint64 amount, bytes32 id);
    event Unlocked(address indexed to, bytes32 indexed source, uint64 amount);

    constructor(BridgeToken token_) {
        token = token_;
        owner = msg.sender;
    }

    function setPeer(bytes32 subnet, address bridge) external {
        require(msg.sender == owner, "only the deployer names peers");
        peer[subnet] = bridge;
    }

    // Locks `amount` of the caller's tokens (approve first) and mints them to `recipient` (an
    // address as 32 bytes) on `destination`.
    function lock(bytes32 destination, bytes32 recipient, uint64 amount) external returns (bytes32 id) {
        address bridge = peer[destination];
        require(bridge != address(0), "no peer bridge on that subnet");
        require(token.transferFrom(msg.sender, address(this), amount), "transfer failed");
        id = IPlexusMessenger(PLEXUS_MESSENGER).sendMessage(
            destination, bridge, abi.encodePacked(recipient, amount));
        emit Locked(msg.sender, destination, recipient, amount, id);
    }

    function receiveMessage(bytes32 source, address sender, bytes calldata body) external {
        require(msg.sender == PLEXUS_MESSENGER, "only the messenger");
        require(sender != address(0) && peer[source] == sender, "not from a peer bridge");
        require(body.length == 40, "a body is 40 bytes");
        address to = address(uint160(uint256(bytes32(body[0:32]))));
        uint64 amount = uint64(bytes8(body[32:40]));
        require(token.transfer(to, amount), "transfer failed");
        emit Unlocked(to, source, amount);
    }

    // What the peers' wrapped supplies (and messages in flight) stand for.
    function locked() external view returns (uint256) {
        return token.balanceOf(address(this));
    }
}
