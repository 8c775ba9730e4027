// SHA-256 (FIPS 180-4) of a byte string, for the scenario hash printed at the start of every run,
// so that a report names exactly the file it came from. Self-contained; no library needed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sagasim {

class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    // The 32-byte digest. The object must not be updated afterwards.
    std::array<uint8_t, 32> finish();

private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buf_{};
    size_t buf_len_ = 0;
    uint64_t total_len_ = 0;
};

// Lowercase hex of SHA-256(bytes): 64 characters.
std::string sha256_hex(std::string_view bytes);

}  // namespace sagasim
