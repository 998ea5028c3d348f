#include "irtest_tasks.hpp"

#include <sstream>

namespace plexus::move::irtest {
namespace {

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// `//#` command line -> its text; nullopt for other lines.
std::optional<std::string> command_text(const std::string& line) {
  const std::string t = trim(line);
  if (!t.starts_with("//#")) return std::nullopt;
  return trim(t.substr(3));
}

// A `//` comment line (not a command) before the first task is skipped like blank lines.
bool is_comment(const std::string& line) {
  const std::string t = trim(line);
  return t.starts_with("//") && !t.starts_with("//#");
}

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

std::vector<std::string> Task::flag(const std::string& name) const {
  std::vector<std::string> out;
  const std::string long_name = "--" + name;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].starts_with(long_name + "=")) {
      out.push_back(words[i].substr(long_name.size() + 1));
    } else if (words[i] == long_name) {
      for (std::size_t j = i + 1; j < words.size() && !words[j].starts_with("--"); ++j)
        out.push_back(words[j]);
    }
  }
  return out;
}

bool Task::has_flag(const std::string& name) const {
  for (const auto& w : words)
    if (w == "--" + name || w.starts_with("--" + name + "=")) return true;
  return false;
}

std::vector<std::string> Task::positional() const {
  std::vector<std::string> out;
  bool in_flag = false;
  for (const auto& w : words) {
    if (w.starts_with("--")) {
      in_flag = w.find('=') == std::string::npos;
      continue;
    }
    if (!in_flag) out.push_back(w);
  }
  return out;
}

std::vector<Task> taskify(const std::string& text) {
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.push_back(l);
    }
  }
  struct Bucket {
    std::vector<std::pair<std::size_t, std::string>> commands, body;
  };
  std::vector<Bucket> buckets(1);
  bool in_command = true, started = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!started && (is_blank(line) || is_comment(line))) continue;
    started = true;
    if (auto cmd = command_text(line)) {
      if (!in_command) {
        buckets.emplace_back();
        in_command = true;
      }
      if (!cmd->empty()) buckets.back().commands.emplace_back(i + 1, *cmd);
    } else if (is_blank(line)) {
      in_command = false;
    } else {
      in_command = false;
      buckets.back().body.emplace_back(i + 1, line);
    }
  }
  std::vector<Task> tasks;
  for (const auto& b : buckets) {
    if (b.commands.empty()) continue;
    Task t;
    t.number = tasks.size();
    std::string all;
    for (const auto& [n, c] : b.commands) all += " " + c;
    auto words = split_words(all);
    t.name = words.empty() ? "" : words.front();
    t.words.assign(words.begin() + (words.empty() ? 0 : 1), words.end());
    t.start_line = b.commands.front().first;
    t.command_stop = b.commands.back().first;
    t.stop_line = b.body.empty() ? t.command_stop : b.body.back().first;
    if (!b.body.empty()) {
      // As the reference harness does: the body's non-blank lines after as many empty lines as
      // the command occupies.
      std::string data(t.command_stop, '\n');
      for (std::size_t k = 0; k < b.body.size(); ++k) data += (k ? "\n" : "") + b.body[k].second;
      t.body = std::move(data);
    }
    tasks.push_back(std::move(t));
  }
  return tasks;
}

Expected parse_expected(const std::string& text) {
  Expected e;
  std::istringstream in(text);
  std::string line;
  std::optional<std::size_t> current;
  std::string block;
  auto flush = [&] {
    if (current) {
      while (!block.empty() && block.back() == '\n') block.pop_back();
      e.blocks[*current] = block;
    }
    block.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("processed ")) {
      e.processed = std::stoul(line.substr(10));
      continue;
    }
    if (line.starts_with("task ") && line.find("'. lines ") != std::string::npos &&
        line.ends_with(":")) {
      flush();
      current = std::stoul(line.substr(5));
      continue;
    }
    if (current) block += line + "\n";
  }
  flush();
  return e;
}

}  // namespace plexus::move::irtest
