#pragma once
// Part of the layer check's fixture (tests/layering): a chain header core must not reach.
