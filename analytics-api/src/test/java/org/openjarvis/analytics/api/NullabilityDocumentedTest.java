package org.openjarvis.analytics.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;

/**
 * The package's convention (package-info, "Null"): every parameter and result of a reference type of a public or
 * protected method or constructor says in its javadoc whether it may be null. Read from the sources with the JDK's
 * compiler tree API; javadoc's doclint, which the build runs on this module, already fails on a missing tag.
 */
class NullabilityDocumentedTest {
    private static final Path SOURCES = Path.of("src/main/java/org/openjarvis/analytics/api");
    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");
    private static final Pattern NULL = Pattern.compile("\\bnull\\b");

    private static final List<String> undocumented = new ArrayList<>();
    private static int checked;

    @BeforeAll
    static void readTheApiSources() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, UTF_8);
                Stream<Path> tree = Files.list(SOURCES)) {
            List<Path> sources = tree.filter(path -> path.toString().endsWith(".java")).collect(Collectors.toList());
            JavacTask task = (JavacTask) javac.getTask(null, files, null,
                    List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null,
                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees docs = DocTrees.instance(task);
            for (Element element : task.analyze()) {
                if (element instanceof TypeElement) { // package-info yields the package
                    check((TypeElement) element, docs, task.getElements());
                }
            }
        }
    }

    @Test
    void everyReferenceParameterAndResultOfTheApiSaysWhetherItMayBeNull() {
        assertThat(checked).as("methods and constructors checked").isGreaterThan(50);
        assertThat(undocumented).isEmpty();
    }

    private static void check(TypeElement type, DocTrees docs, Elements elements) {
        if (!isApi(type)) {
            return;
        }
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement) {
                check((TypeElement) member, docs, elements);
            } else if (member instanceof ExecutableElement && isApi(member) && !isLanguageContract(type, member)) {
                ExecutableElement method = (ExecutableElement) member;
                RecordComponentElement component = elements.recordComponentFor(method);
                if (component == null) {
                    check(type, method, docs);
                } else if (isReference(method.getReturnType())) {
                    // An accessor says what its record's @param says.
                    checked++;
                    if (!mentionsNull(paramText(docs.getDocCommentTree(type), component.getSimpleName().toString()))) {
                        undocumented.add(type.getQualifiedName() + ": @param " + component.getSimpleName());
                    }
                }
            }
        }
    }

    private static void check(TypeElement type, ExecutableElement method, DocTrees docs) {
        checked++;
        String name = type.getQualifiedName() + "." + method.getSimpleName() + method.getParameters().stream()
                .map(parameter -> parameter.asType().toString()).collect(Collectors.joining(", ", "(", ")"));
        DocCommentTree comment = docs.getDocCommentTree(method);
        for (VariableElement parameter : method.getParameters()) {
            if (isReference(parameter.asType()) && !mentionsNull(paramText(comment, parameter.getSimpleName().toString()))) {
                undocumented.add(name + ": @param " + parameter.getSimpleName());
            }
        }
        if (isReference(method.getReturnType()) && !mentionsNull(returnText(comment))) {
            undocumented.add(name + ": @return");
        }
    }

    /** Object's equals, hashCode and toString, and an enum's values and valueOf: the language's contract holds. */
    private static boolean isLanguageContract(TypeElement type, Element method) {
        String name = method.getSimpleName().toString();
        return OBJECT_METHODS.contains(name)
                || type.getKind() == ElementKind.ENUM && (name.equals("values") || name.equals("valueOf"));
    }

    private static boolean isApi(Element element) {
        return element.getModifiers().contains(Modifier.PUBLIC) || element.getModifiers().contains(Modifier.PROTECTED);
    }

    private static boolean isReference(TypeMirror type) {
        return !type.getKind().isPrimitive() && type.getKind() != TypeKind.VOID;
    }

    private static boolean mentionsNull(String text) {
        return text != null && NULL.matcher(text).find();
    }

    private static String paramText(DocCommentTree comment, String parameter) {
        if (comment == null) {
            return null;
        }
        for (DocTree tag : comment.getBlockTags()) {
            if (tag instanceof ParamTree && !((ParamTree) tag).isTypeParameter()
                    && ((ParamTree) tag).getName().getName().contentEquals(parameter)) {
                return ((ParamTree) tag).getDescription().toString();
            }
        }
        return null;
    }

    private static String returnText(DocCommentTree comment) {
        if (comment == null) {
            return null;
        }
        for (DocTree tag : comment.getBlockTags()) {
            if (tag instanceof ReturnTree) {
                return ((ReturnTree) tag).getDescription().toString();
            }
        }
        return null;
    }
}
