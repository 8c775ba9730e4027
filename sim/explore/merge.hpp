// `sagasim merge`: the JSON Lines results of a campaign's shards combined into one result of the
// same form: counts summed, distinct failures deduplicated by (invariant, signature) with their
// counts summed and the record of the smallest first seed kept, coverage joined. Results of
// different scenarios (sha256), tool versions or shard splits are refused, naming the two files;
// the same shard given twice counts once. Explore code: text in, text out.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sagasim {

// Results that cannot be merged (a usage error for the command line).
class MergeRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ShardFile {
    std::string path;
    std::string text;
};

struct Merged {
    std::vector<nlohmann::json> failures;  // by first seed
    nlohmann::json summary;
    std::vector<std::string> warnings;
    std::string jsonl() const;
};

// Throws InputError (FILE:LINE:1) for a file that is not a campaign's result, MergeRefused for
// files that do not belong together.
Merged merge_results(const std::vector<ShardFile>& files);

}  // namespace sagasim
