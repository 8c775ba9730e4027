// SkuTable: interning and trimming of skuCode strings.
#include "services/common/sku_table.hpp"

namespace sagasim {
namespace {

std::string_view trim(std::string_view s) {
    // Kotlin's String.trim() removes characters <= ' ' at both ends.
    size_t b = 0, e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
    return s.substr(b, e - b);
}

}  // namespace

SkuId SkuTable::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? kNoSku : it->second;
}

SkuId SkuTable::intern(std::string_view name) {
    if (SkuId id = find(name); id != kNoSku) return id;
    const std::string_view t = trim(name);
    SkuId tid = kNoSku;
    if (t.size() != name.size()) tid = intern(t);
    const SkuId id = SkuId(names_.size());
    names_.emplace_back(name);
    trimmed_.push_back(tid == kNoSku ? id : tid);
    index_.emplace(std::string(name), id);
    return id;
}

}  // namespace sagasim
