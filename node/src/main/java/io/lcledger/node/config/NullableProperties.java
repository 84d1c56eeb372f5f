package io.lcledger.node.config;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Annotation;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The node writes {@code null} for absent values, so every property that is not a Java primitive
 * and not required by a constraint is published as nullable (a referenced schema through {@code
 * allOf}, the OpenAPI 3.0 way), and primitives as required: they are always there.
 */
@Component
class NullableProperties implements ModelConverter {
  private static final Set<Class<? extends Annotation>> REQUIRED =
      Set.of(NotNull.class, NotBlank.class, NotEmpty.class);

  @Override
  public Schema<?> resolve(
      AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
    Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    if (schema == null
        || !type.isSchemaProperty()
        || type.getPropertyName() == null
        || type.getType() == null) {
      return schema;
    }
    JavaType javaType = Json.mapper().constructType(type.getType());
    if (javaType.isPrimitive()) {
      Schema<?> parent = type.getParent();
      if (parent != null && type.getPropertyName() != null) {
        List<String> required = parent.getRequired();
        if (required == null || !required.contains(type.getPropertyName())) {
          parent.addRequiredItem(type.getPropertyName());
        }
      }
      return schema;
    }
    Annotation[] annotations = type.getCtxAnnotations();
    if (annotations != null) {
      for (Annotation a : annotations) {
        if (REQUIRED.contains(a.annotationType())) {
          return schema;
        }
      }
    }
    if (schema.get$ref() != null) {
      ComposedSchema nullable = new ComposedSchema();
      nullable.addAllOfItem(new Schema<>().$ref(schema.get$ref()));
      nullable.setNullable(true);
      return nullable;
    }
    schema.setNullable(true);
    return schema;
  }
}
