// The packages of tests/e2e re-exported for the scripts of examples/, which live outside this
// package and so cannot resolve them by name (their node_modules is tests/e2e/node_modules).
export { ethers } from 'ethers';
export { bcs } from '@mysten/bcs';
