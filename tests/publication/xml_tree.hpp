#pragma once
// A strict little XML reader for the tests of the generated pages: the pages are
// well-formed XML (polyglot HTML5), so a stray '<' or '&' from unescaped text, or a tag
// left open, makes parseXml throw. Only what the pages use: a DOCTYPE, elements,
// attributes in double quotes, text, and the five predefined entities plus &#NN;.

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cvdd::publication::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<std::unique_ptr<XmlElement>> children;
  std::string text;  // all text directly inside, decoded

  std::string attr(const std::string& key) const {
    const auto it = attributes.find(key);
    return it == attributes.end() ? std::string() : it->second;
  }
  /// Every descendant (not itself) with this name and, if given, this class attribute.
  std::vector<const XmlElement*> all(std::string_view tag, std::string_view cls = {}) const {
    std::vector<const XmlElement*> out;
    for (const auto& c : children) {
      if (c->name == tag && (cls.empty() || c->attr("class") == cls)) out.push_back(c.get());
      for (const auto* d : c->all(tag, cls)) out.push_back(d);
    }
    return out;
  }
  /// The first descendant with this id, or nullptr.
  const XmlElement* byId(std::string_view id) const {
    for (const auto& c : children) {
      if (c->attr("id") == id) return c.get();
      if (const auto* d = c->byId(id)) return d;
    }
    return nullptr;
  }
  /// All text inside, descendants included.
  std::string allText() const {
    std::string out = text;
    for (const auto& c : children) out += c->allText();
    return out;
  }
};

inline std::string decodeXml(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') throw std::runtime_error("raw '<' in text");
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto end = s.find(';', i);
    if (end == std::string_view::npos) throw std::runtime_error("bare '&'");
    const std::string_view name = s.substr(i + 1, end - i - 1);
    if (name == "amp")
      out += '&';
    else if (name == "lt")
      out += '<';
    else if (name == "gt")
      out += '>';
    else if (name == "quot")
      out += '"';
    else if (name == "apos")
      out += '\'';
    else if (name.size() > 1 && name[0] == '#')
      out += static_cast<char>(std::stoi(std::string(name.substr(1))));
    else
      throw std::runtime_error("unknown entity &" + std::string(name) + ";");
    i = end;
  }
  return out;
}

/// The document's root element; throws std::runtime_error saying where it is malformed.
inline std::unique_ptr<XmlElement> parseXml(std::string_view doc) {
  std::size_t pos = 0;
  if (doc.starts_with("<!DOCTYPE")) pos = doc.find('>') + 1;
  auto root = std::make_unique<XmlElement>();
  root->name = "#document";
  std::vector<XmlElement*> open{root.get()};
  while (pos < doc.size()) {
    const auto lt = doc.find('<', pos);
    open.back()->text += decodeXml(doc.substr(pos, lt == std::string_view::npos ? lt : lt - pos));
    if (lt == std::string_view::npos) break;
    const auto gt = doc.find('>', lt);
    if (gt == std::string_view::npos) throw std::runtime_error("unterminated tag");
    std::string_view tag = doc.substr(lt + 1, gt - lt - 1);
    pos = gt + 1;
    if (tag.starts_with('/')) {
      if (open.size() < 2 || open.back()->name != tag.substr(1))
        throw std::runtime_error("</" + std::string(tag.substr(1)) + "> closes <" +
                                 open.back()->name + "> at byte " + std::to_string(lt));
      open.pop_back();
      continue;
    }
    const bool selfClosing = tag.ends_with('/');
    if (selfClosing) tag.remove_suffix(1);
    auto element = std::make_unique<XmlElement>();
    std::size_t i = tag.find_first_of(" \t\n");
    element->name = std::string(tag.substr(0, i));
    while (i != std::string_view::npos && i < tag.size()) {
      i = tag.find_first_not_of(" \t\n", i);
      if (i == std::string_view::npos) break;
      const auto eq = tag.find('=', i);
      if (eq == std::string_view::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
        throw std::runtime_error("malformed attribute in <" + element->name + ">");
      const auto close = tag.find('"', eq + 2);
      if (close == std::string_view::npos) throw std::runtime_error("unterminated attribute");
      const std::string key(tag.substr(i, eq - i));
      if (!element->attributes.emplace(key, decodeXml(tag.substr(eq + 2, close - eq - 2))).second)
        throw std::runtime_error("duplicate attribute " + key);
      i = close + 1;
    }
    XmlElement* raw = element.get();
    open.back()->children.push_back(std::move(element));
    if (!selfClosing) open.push_back(raw);
  }
  if (open.size() != 1) throw std::runtime_error("<" + open.back()->name + "> left open");
  return root;
}

}  // namespace cvdd::publication::testing
