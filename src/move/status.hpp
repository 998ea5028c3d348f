#pragma once
// Move VM status codes. The names follow the reference VM's StatusCode names so that errors from
// this implementation can be compared with reference expectations (transactional tests); the
// numeric values are our own and never serialized.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plexus::move {

#define PLEXUS_MOVE_STATUS_CODES(X)                                                              \
  X(EXECUTED)                                                                                    \
  /* deserialization */                                                                          \
  X(BAD_MAGIC) X(UNKNOWN_VERSION) X(MALFORMED) X(BAD_HEADER_TABLE) X(DUPLICATE_TABLE)            \
  X(UNKNOWN_TABLE_TYPE) X(UNKNOWN_SIGNATURE_TYPE) X(UNKNOWN_SERIALIZED_TYPE) X(UNKNOWN_OPCODE)   \
  X(UNKNOWN_ABILITY) X(UNKNOWN_NATIVE_STRUCT_FLAG) X(INVALID_FLAG_BITS) X(BAD_U64) X(BAD_U128)   \
  X(BAD_U256) X(TRAILING_BYTES) X(NO_MODULE_HANDLES) X(UNKNOWN_VISIBILITY)                       \
  X(CODE_DESERIALIZATION_ERROR)                                                                  \
  /* bounds, duplication, signatures, consistency */                                             \
  X(INDEX_OUT_OF_BOUNDS) X(NUMBER_OF_TYPE_ARGUMENTS_MISMATCH) X(DUPLICATE_ELEMENT)               \
  X(INVALID_MODULE_HANDLE) X(UNIMPLEMENTED_HANDLE) X(ZERO_SIZED_STRUCT)                          \
  X(ZERO_SIZED_ENUM) X(DUPLICATE_ACQUIRES_ANNOTATION) X(INVALID_SIGNATURE_TOKEN)                 \
  X(CONSTRAINT_NOT_SATISFIED) X(INVALID_PHANTOM_TYPE_PARAM_POSITION)                             \
  X(GENERIC_MEMBER_OPCODE_MISMATCH) X(INVALID_CONSTANT_TYPE) X(MALFORMED_CONSTANT_DATA)          \
  X(INVALID_FRIEND_DECL_WITH_SELF) X(INVALID_FRIEND_DECL_WITH_MODULES_OUTSIDE_ACCOUNT_ADDRESS)   \
  X(FIELD_MISSING_TYPE_ABILITY) X(RECURSIVE_STRUCT_DEFINITION) X(LOOP_IN_INSTANTIATION_GRAPH)    \
  X(INVALID_MAIN_FUNCTION_SIGNATURE) X(TOO_MANY_LOCALS)                                          \
  /* control flow and stack */                                                                   \
  X(EMPTY_CODE_UNIT) X(INVALID_FALL_THROUGH) X(INVALID_LOOP_SPLIT) X(INVALID_LOOP_BREAK)         \
  X(INVALID_LOOP_CONTINUE) X(NEGATIVE_STACK_SIZE_WITHIN_BLOCK)                                   \
  X(POSITIVE_STACK_SIZE_AT_BLOCK_END) X(VALUE_STACK_OVERFLOW)                                    \
  /* type safety and abilities */                                                                \
  X(TYPE_MISMATCH) X(RET_TYPE_MISMATCH_ERROR) X(BR_TYPE_MISMATCH_ERROR)                          \
  X(ABORT_TYPE_MISMATCH_ERROR) X(STLOC_TYPE_MISMATCH_ERROR) X(COPYLOC_WITHOUT_COPY_ABILITY)      \
  X(POP_WITHOUT_DROP_ABILITY) X(READREF_WITHOUT_COPY_ABILITY) X(WRITEREF_WITHOUT_DROP_ABILITY)   \
  X(READREF_TYPE_MISMATCH_ERROR) X(WRITEREF_TYPE_MISMATCH_ERROR) X(FREEZEREF_TYPE_MISMATCH_ERROR)\
  X(WRITEREF_NO_MUTABLE_REFERENCE_ERROR)                                                         \
  X(INTEGER_OP_TYPE_MISMATCH_ERROR) X(BOOLEAN_OP_TYPE_MISMATCH_ERROR)                            \
  X(EQUALITY_OP_TYPE_MISMATCH_ERROR) X(CALL_TYPE_MISMATCH_ERROR) X(PACK_TYPE_MISMATCH_ERROR)     \
  X(UNPACK_TYPE_MISMATCH_ERROR) X(BORROWFIELD_TYPE_MISMATCH_ERROR) X(BORROWLOC_REFERENCE_ERROR)  \
  X(MOVETO_TYPE_MISMATCH_ERROR) X(MOVEFROM_TYPE_MISMATCH_ERROR)                                  \
  X(BORROWGLOBAL_TYPE_MISMATCH_ERROR) X(EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT)              \
  X(BORROWGLOBAL_WITHOUT_KEY_ABILITY) X(MOVEFROM_WITHOUT_KEY_ABILITY)                            \
  X(MOVETO_WITHOUT_KEY_ABILITY) X(BORROWFIELD_BAD_FIELD_ERROR)                                   \
  /* locals and reference safety */                                                              \
  X(COPYLOC_UNAVAILABLE_ERROR) X(MOVELOC_UNAVAILABLE_ERROR) X(BORROWLOC_UNAVAILABLE_ERROR)       \
  X(STLOC_UNSAFE_TO_DESTROY_ERROR) X(UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP)                      \
  X(UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED) X(MOVELOC_EXISTS_BORROW_ERROR)                  \
  X(COPYLOC_EXISTS_BORROW_ERROR) X(BORROWLOC_EXISTS_BORROW_ERROR)                                \
  X(READREF_EXISTS_MUTABLE_BORROW_ERROR) X(WRITEREF_EXISTS_BORROW_ERROR)                         \
  X(FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR) X(BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR)            \
  X(CALL_BORROWED_MUTABLE_REFERENCE_ERROR) X(RET_BORROWED_MUTABLE_REFERENCE_ERROR)               \
  X(GLOBAL_REFERENCE_ERROR)                                                                      \
  X(VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR) X(VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR)    \
  X(MISSING_ACQUIRES_ANNOTATION) X(EXTRANEOUS_ACQUIRES_ANNOTATION)                               \
  X(INVALID_ACQUIRES_ANNOTATION)                                                                 \
  /* linking */                                                                                  \
  X(MISSING_DEPENDENCY) X(LOOKUP_FAILED) X(CYCLIC_MODULE_DEPENDENCY) X(CYCLIC_MODULE_FRIENDSHIP) \
  X(INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES)                                            \
  X(DUPLICATE_MODULE_NAME) X(BACKWARD_INCOMPATIBLE_MODULE_UPDATE) X(LINKER_ERROR)               \
  /* execution */                                                                                \
  X(ABORTED) X(ARITHMETIC_ERROR) X(OUT_OF_GAS) X(RESOURCE_ALREADY_EXISTS)                        \
  X(MISSING_DATA) X(EXECUTION_STACK_OVERFLOW) X(CALL_STACK_OVERFLOW) X(VECTOR_OPERATION_ERROR)   \
  X(FUNCTION_RESOLUTION_FAILURE) X(FAILED_TO_DESERIALIZE_ARGUMENT) X(NUMBER_OF_ARGUMENTS_MISMATCH)\
  X(NATIVE_NOT_SUPPORTED) X(STRUCT_VARIANT_MISMATCH) X(VM_MAX_VALUE_DEPTH_REACHED)              \
  X(TOO_MANY_TYPE_NODES) X(INTERNAL_TYPE_ERROR) X(UNKNOWN_INVARIANT_VIOLATION_ERROR)             \
  X(EMPTY_VALUE_STACK) X(UNEXPECTED_VERIFIER_ERROR)

enum class StatusCode : std::uint16_t {
#define PLEXUS_MOVE_STATUS_ENUM(name) name,
  PLEXUS_MOVE_STATUS_CODES(PLEXUS_MOVE_STATUS_ENUM)
#undef PLEXUS_MOVE_STATUS_ENUM
};

[[nodiscard]] std::string_view status_name(StatusCode code) noexcept;

// Where in a module an error was found: function definition index and code offset when known.
struct Location {
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  std::uint32_t function = kNone;
  std::uint32_t offset = kNone;
};

// The Move-internal error: a status name plus detail. Converted to plexus::Error at the layer's
// public boundary (to_error) with the status name as the message prefix.
struct VmError {
  StatusCode status = StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR;
  std::string message;
  Location location;
  // The sub status: the abort code for ABORTED, the kind of failure (kVectorIndexOutOfBounds
  // ...) for VECTOR_OPERATION_ERROR; 0 otherwise.
  std::uint64_t abort_code = 0;

  [[nodiscard]] std::string to_string() const;
};

// VECTOR_OPERATION_ERROR sub statuses, numbered as the reference VM numbers them.
inline constexpr std::uint64_t kVectorIndexOutOfBounds = 1;
inline constexpr std::uint64_t kVectorPopEmpty = 2;
inline constexpr std::uint64_t kVectorUnpackLength = 3;

template <typename T>
using VmResult = std::expected<T, VmError>;

[[nodiscard]] inline std::unexpected<VmError> vm_fail(StatusCode code, std::string message = {},
                                                      Location where = {}) {
  return std::unexpected<VmError>(VmError{code, std::move(message), where, 0});
}

[[nodiscard]] Error to_error(const VmError& error);

}  // namespace plexus::move

// VmResult counterparts of PLEXUS_TRY / PLEXUS_CHECK (same expansion, different error type).
#define MOVE_TRY(decl, expr) PLEXUS_TRY(decl, expr)
#define MOVE_CHECK(expr) PLEXUS_CHECK(expr)
