// A campaign told: the repro line of each distinct failure, the JSON Lines (one object per
// distinct failure, then the summary; what `sagasim merge` reads back), the text for people and
// the JUnit XML for CI. Nothing here depends on the wall clock or on the number of jobs, so the
// same campaign gives the same bytes. Explore code.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/explore/campaign.hpp"

namespace sagasim {

struct CampaignReport {
    const Scenario& sc;
    const CampaignConfig& config;
    const CampaignResult& result;
    const Coverage& coverage;
    std::vector<std::string> tapes;  // per failure: the tape written for it ("" if none)
    std::vector<std::string> shrunk; // per failure: its shrunk scenario file ("" if none)
};

// How to run a distinct failure again: `sagasim run FILE --seed N` for a plain run, `... --replay-decisions
// TAPE` when its tape was written, else the fuzz command that plans the same run again: the seed
// alone for swarm and pct, the campaign's prefix up to that seed for a coverage mutant (whose plan
// comes from the corpus the runs before it built).
std::string repro_line(const Scenario& sc, const CampaignConfig& config, const DistinctFailure& f,
                       const std::string& tape);

nlohmann::json failure_json(const CampaignReport& r, size_t i);
nlohmann::json summary_json(const CampaignReport& r);
// The verdict of a campaign's (or merged) summary: "fail" if a run failed, else "inconclusive"
// if one was, else "pass"; and its exit code (1, 4, 0).
std::string campaign_verdict(uint64_t failed, uint64_t inconclusive);
int campaign_exit_code(const std::string& verdict);

std::string campaign_jsonl(const CampaignReport& r);
std::string campaign_text(const CampaignReport& r);
// JUnit XML from the JSON Lines objects (a campaign's or a merge's).
std::string campaign_junit(const std::vector<nlohmann::json>& failures, const nlohmann::json& summary);
// "sagasim 0.1.0 (abc1234) scenario=PATH sha256=HEX strategy=S first-seed=A runs=N shard=I/K": the
// line a campaign starts with (runs=until-time without a bound).
std::string campaign_header(const Scenario& sc, const CampaignConfig& config);

}  // namespace sagasim
