#pragma once
// Syntax tree of a Move IR module or script, as produced by the parser and consumed by the
// compiler. Every node that can be the subject of a compile error carries its source position.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "move/ir/lexer.hpp"

namespace plexus::move::ir {

struct Type;
using TypePtr = std::shared_ptr<const Type>;

// bool/u8..u256/address/signer, vector<T>, &T/&mut T, M.S<..>, or a type parameter name.
struct Type {
  enum class Kind : std::uint8_t {
    kBool, kU8, kU16, kU32, kU64, kU128, kU256, kAddress, kSigner, kVector, kRef, kMutRef,
    kStruct, kTypeParam
  };
  Kind kind = Kind::kBool;
  std::string module;  // kStruct: module alias ("Self" for own structs)
  std::string name;    // kStruct: struct name; kTypeParam: parameter name
  std::vector<TypePtr> args;  // element, referent, or struct type arguments
};

using Abilities = std::uint8_t;  // AbilitySet bits

struct TypeParam {
  std::string name;
  Abilities constraints = 0;
  bool is_phantom = false;
};

struct ModuleIdent {
  Bytes address;  // exactly the configured address length
  std::string name;
};

struct Exp;
using ExpPtr = std::unique_ptr<Exp>;

enum class BinOp : std::uint8_t {
  kAdd, kSub, kMul, kMod, kDiv, kBitOr, kBitAnd, kXor, kShl, kShr, kOr, kAnd, kEq, kNeq, kLt,
  kGt, kLe, kGe
};

// Builtins and module functions share one call node; `builtin` names the token that started it.
struct Call {
  Tok builtin = Tok::DotNameValue;  // DotNameValue = module function call
  std::string module;               // module alias for DotNameValue
  std::string name;                 // function or struct name
  std::vector<TypePtr> type_args;
  std::uint64_t count = 0;          // vec_pack_N / vec_unpack_N
  SourcePos pos;
};

// A constant value; wide integers keep their decimal text until compilation.
struct Value {
  enum class Kind : std::uint8_t { kAddress, kBool, kU8, kU16, kU32, kU64, kU128, kU256, kBytes };
  Kind kind = Kind::kU64;
  std::string digits;  // integers, without the suffix and with '_' removed
  bool flag = false;   // kBool
  Bytes bytes;         // kAddress, kBytes
};

struct FieldExp {
  std::string field;
  SourcePos pos;
  ExpPtr exp;
};

struct Exp {
  enum class Kind : std::uint8_t {
    kMove, kCopy, kBorrowLocal, kValue, kPack, kNot, kBinop, kDeref, kBorrowField, kCall, kList
  };
  Kind kind = Kind::kList;
  SourcePos pos;
  std::string name;              // local (move/copy/borrow) or struct (pack)
  bool is_mut = false;           // kBorrowLocal, kBorrowField
  Value value;                   // kValue
  std::vector<TypePtr> type_args;  // kPack, kBorrowField (struct type arguments)
  std::vector<FieldExp> fields;  // kPack
  std::string field;             // kBorrowField
  BinOp op = BinOp::kAdd;        // kBinop
  std::vector<ExpPtr> children;  // operands, list items, call arguments (one kList)
  Call call;                     // kCall
};

struct LValue {
  enum class Kind : std::uint8_t { kVar, kMutate, kPop };
  Kind kind = Kind::kPop;
  std::string var;
  ExpPtr exp;  // kMutate: the reference
  SourcePos pos;
};

struct Statement {
  enum class Kind : std::uint8_t {
    kAbort, kAssert, kAssign, kExp, kJump, kJumpIf, kJumpIfFalse, kReturn, kUnpack
  };
  Kind kind = Kind::kExp;
  SourcePos pos;
  ExpPtr exp;    // value, condition, abort code (may be null for `abort;`), unpacked struct
  ExpPtr exp2;   // assert error code
  std::string label;
  std::vector<LValue> lvalues;
  std::string struct_name;                                     // kUnpack
  std::vector<TypePtr> type_args;                              // kUnpack
  std::vector<std::pair<std::string, std::string>> bindings;  // kUnpack: field -> local
};

struct Block {
  std::string label;
  SourcePos pos;
  std::vector<Statement> statements;
};

struct Local {
  std::string name;
  TypePtr type;
  SourcePos pos;
};

enum class FunVisibility : std::uint8_t { kPrivate, kPublic, kFriend };

struct Function {
  std::string name;
  SourcePos pos;
  FunVisibility visibility = FunVisibility::kPrivate;
  bool is_entry = false;
  bool is_native = false;
  std::vector<TypeParam> type_params;
  std::vector<Local> params;
  std::vector<TypePtr> returns;
  std::vector<std::string> acquires;
  std::vector<Local> locals;
  std::vector<Block> blocks;
};

struct StructDecl {
  std::string name;
  SourcePos pos;
  bool is_native = false;
  Abilities abilities = 0;
  std::vector<TypeParam> type_params;
  std::vector<Local> fields;
};

struct Import {
  ModuleIdent ident;
  std::string alias;
};

struct ModuleDef {
  ModuleIdent ident;
  std::vector<ModuleIdent> friends;
  std::vector<Import> imports;
  std::vector<StructDecl> structs;
  std::vector<Function> functions;
};

struct ScriptDef {
  std::vector<Import> imports;
  Function main;
};

}  // namespace plexus::move::ir
