#include "lab/ip_output.hpp"

#include <sstream>

namespace cb::lab {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

std::vector<std::string> parseNetnsList(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : lines(text)) {
    auto w = words(line);
    if (!w.empty()) out.push_back(w[0]);
  }
  return out;
}

std::vector<std::string> parseLinkNames(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : lines(text)) {
    auto w = words(line);
    if (w.size() < 2 || w[0].empty() || w[0].back() != ':' || w[1].back() != ':') continue;
    std::string name = w[1].substr(0, w[1].size() - 1);
    if (auto at = name.find('@'); at != std::string::npos) name.resize(at);
    if (!name.empty()) out.push_back(name);
  }
  return out;
}

std::vector<InterfaceAddress> parseIpv4Addresses(const std::string& text) {
  std::vector<InterfaceAddress> out;
  for (const auto& line : lines(text)) {
    auto w = words(line);
    if (w.size() < 4 || w[2] != "inet") continue;
    std::string name = w[1];
    if (auto at = name.find('@'); at != std::string::npos) name.resize(at);
    out.push_back({name, w[3]});
  }
  return out;
}

}  // namespace cb::lab
