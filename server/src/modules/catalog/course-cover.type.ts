import { Field, InputType, Int, ObjectType } from "type-graphql";

@InputType()
export class StartCourseCoverUploadInput {
  @Field({ description: "image/png, image/jpeg or image/webp." }) contentType!: string;
  @Field(() => Int, { description: "At most 5 MB." }) sizeBytes!: number;
}

@ObjectType({ description: "A signed PUT for a course's cover image; completeCourseCoverUpload makes the uploaded image the cover." })
export class CourseCoverUpload {
  @Field() uploadId!: string;
  @Field({ description: "PUT the image here with its Content-Type; the URL takes exactly the announced type and size." }) url!: string;
  @Field() expiresAt!: Date;
}
