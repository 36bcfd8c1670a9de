import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { displayCode } from "./certificate.code.ts";
import { credentialOf } from "./certificate.credential.ts";
import {
  certificateByEnrollment,
  certificateStatus,
  certificateUrl,
  enrollmentOfCertificate,
  getCertificateByCode,
  type CertificateRow,
} from "./certificate.service.ts";
import { Certificate, CertificateStatus } from "./certificate.type.ts";
import type { CourseProgressView } from "./progress.service.ts";
import { CourseProgress } from "./progress.type.ts";

@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => Certificate, { nullable: true, description: "Public: verify a certificate by its code." })
  certificate(@Arg("code") code: string, @Ctx() context: Context) {
    return getCertificateByCode(context, code);
  }

  @FieldResolver(() => String, { description: "Public verification code." })
  code(@Root() certificate: CertificateRow) {
    return displayCode(certificate.code);
  }

  @FieldResolver(() => Course)
  async course(@Root() certificate: CertificateRow, @Ctx() context: Context) {
    return findVisibleCourse(context, (await enrollmentOfCertificate(context, certificate)).courseId);
  }

  @FieldResolver(() => String, { description: "A public URL that shows or downloads the certificate." })
  url(@Root() certificate: CertificateRow, @Ctx() context: Context) {
    return certificateUrl(context, certificate);
  }

  @FieldResolver(() => CertificateStatus)
  status(@Root() certificate: CertificateRow, @Ctx() context: Context) {
    return certificateStatus(context, certificate);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The Open Badges 3.0 credential (an OpenBadgeCredential, W3C Verifiable Credentials 2.0) as a VC-JWT: a compact JWS signed with Ed25519 (alg EdDSA), whose key is in the API's /.well-known/jwks.json. Null once revoked.",
  })
  credential(@Root() certificate: CertificateRow, @Ctx() context: Context) {
    return credentialOf(context, certificate);
  }
}

@Resolver(() => CourseProgress)
export class CourseProgressCertificateResolver {
  @FieldResolver(() => Certificate, { nullable: true, description: "Issued once the course is completed." })
  certificate(@Root() progress: CourseProgressView, @Ctx() context: Context) {
    return context.loader(certificateByEnrollment).load(progress.enrollmentId);
  }
}
