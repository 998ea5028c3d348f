// The network `hardhat node` serves: chain id 31337, the accounts of the standard development
// mnemonic, and automine (each transaction is mined into its own block as it arrives).
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      accounts: { mnemonic: "test test test test test test test test test test test junk" },
      mining: { auto: true },
    },
  },
};
