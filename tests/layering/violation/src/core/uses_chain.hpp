#pragma once
// A deliberate violation for the layer check's own test: core must not include chain.
#include "chain/block.hpp"
