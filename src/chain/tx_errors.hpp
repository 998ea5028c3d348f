#pragma once
// Rejection messages for transactions, worded exactly as go-ethereum words them: wallets and
// libraries (ethers, viem, MetaMask) match on these strings to explain failures to users.
#include <string_view>

namespace plexus::chain::tx_error {

inline constexpr std::string_view kAlreadyKnown = "already known";
inline constexpr std::string_view kNonceTooLow = "nonce too low";
inline constexpr std::string_view kNonceTooHigh = "nonce too high";
inline constexpr std::string_view kUnderpriced = "transaction underpriced";
inline constexpr std::string_view kReplacementUnderpriced = "replacement transaction underpriced";
inline constexpr std::string_view kFeeCapBelowBaseFee = "max fee per gas less than block base fee";
inline constexpr std::string_view kTipAboveFeeCap =
    "max priority fee per gas higher than max fee per gas";
inline constexpr std::string_view kGasLimitExceeded = "exceeds block gas limit";
inline constexpr std::string_view kPoolFull = "txpool is full";
inline constexpr std::string_view kInsufficientFunds = "insufficient funds for gas * price + value";
inline constexpr std::string_view kIntrinsicGasTooLow = "intrinsic gas too low";
inline constexpr std::string_view kInvalidChainId = "invalid chain id";
inline constexpr std::string_view kInvalidSender = "invalid sender";
inline constexpr std::string_view kOversizedData = "oversized data";
inline constexpr std::string_view kSenderNotEoa = "sender not an eoa";
inline constexpr std::string_view kUnprotectedTx =
    "only replay-protected (EIP-155) transactions allowed over RPC";

}  // namespace plexus::chain::tx_error
