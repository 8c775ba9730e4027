// Interned skuCode strings of one scenario, and the texts of injected reasons. Built once when a
// scenario is loaded and shared read-only by every run of it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/ids.hpp"

namespace sagasim {

class SkuTable {
public:
    // Returns the id of `name`, adding it (and its trimmed form) if new.
    SkuId intern(std::string_view name);
    // The id of `name` if interned.
    SkuId find(std::string_view name) const;
    const std::string& name(SkuId id) const { return names_[id]; }
    // The id of the name with surrounding blanks removed, as the inventory service looks SKUs
    // up (`sku_code` trimmed, seed-behaviour.md §5.3).
    SkuId trimmed(SkuId id) const { return trimmed_[id]; }
    size_t size() const { return names_.size(); }

private:
    std::vector<std::string> names_;
    std::vector<SkuId> trimmed_;
    std::map<std::string, SkuId, std::less<>> index_;
};

}  // namespace sagasim
